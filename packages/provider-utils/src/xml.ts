/**
 * `@x/provider-utils/xml`: XML for providers that speak it, apart from the main entry so that a client which
 * never reads or writes XML does not load fast-xml-parser (a provider with an XML format can load this entry
 * with `import()` when that format is chosen).
 */
export {
  type BuildXmlOptions,
  buildXml,
  DEFAULT_MAX_XML_DEPTH,
  DEFAULT_MAX_XML_LENGTH,
  type ParseXmlOptions,
  parseXml,
} from './xml-document';
export { createXmlResponseHandler } from './xml-response-handler';

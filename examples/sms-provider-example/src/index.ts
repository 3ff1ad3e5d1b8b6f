export { provider } from './example-descriptor';
export { createExampleSms, type ExampleSmsProvider } from './example-provider';
export { DEFAULT_EXAMPLE_BASE_URL, EXAMPLE_PROVIDER_ID, type ExampleSmsSettings } from './example-settings';

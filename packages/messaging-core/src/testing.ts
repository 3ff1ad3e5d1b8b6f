/** Version of the conformance kit's checks. */
export const CONFORMANCE_KIT_VERSION = 1;

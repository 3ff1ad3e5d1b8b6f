/** The version of this package. */
export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0';

/** The `user-agent` part this package adds to every request. */
export const BULUTFON_USER_AGENT = `x-messaging/bulutfon/${VERSION}`;

/** The version of this package. */
export const VERSION: string = __PACKAGE_VERSION__;

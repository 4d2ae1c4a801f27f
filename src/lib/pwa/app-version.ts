import { version } from '$app/environment';

declare const __APP_PACKAGE_VERSION__: string;

/** package.json's version: what the user would call the release. */
export const packageVersion = __APP_PACKAGE_VERSION__;
/** This build's id (git commit and build time, scripts/build-settings.js): changes with every deploy. */
export const buildId = version;

import pkg from '../package.json' with { type: 'json' };

/** The app's semver, from package.json. */
export const APP_VERSION: string = pkg.version;

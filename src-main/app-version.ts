import packageJson from '../package.json' with { type: 'json' };

/** The app's version, written into every snapshot and report. */
export const APP_VERSION: string = packageJson.version;

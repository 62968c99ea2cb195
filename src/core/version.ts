/** The release version, reported by `/health` and `iofold --version`. */
export const IOFOLD_VERSION = '0.1.0';

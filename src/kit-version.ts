/**
 * The kit's version, stamped into generated repos (`.mlops-kit/answers.yml`, workflow pins) and deploy tags.
 * Kept in sync with package.json by a unit test.
 */
export const KIT_VERSION = "0.1.0";

import { fileURLToPath } from 'node:url';

/** The repository root (ends with `/`). */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

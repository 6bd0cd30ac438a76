// `node --import ./scripts/fuzz/register.mjs …`: installs the TypeScript loader hook.
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);

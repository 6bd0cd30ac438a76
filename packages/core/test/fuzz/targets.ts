import { checkExtensionsCase, generateExtensionsCase, type ExtensionsCase } from './extensions-target.js';
import { checkHttpCase, generateHttpCase, parseHttpCase, serializeHttpCase, type HttpCase } from './http-target.js';
import { fromHex, toHex } from './prng.js';
import { checkProtocolCase, generateProtocolCase, type ProtocolCase } from './protocol-target.js';
import type { FuzzTarget } from './run-fuzz.js';

/** ClientProtocol.receiveData with valid, mutated and random server streams in random chunks. */
export const protocolTarget: FuzzTarget<ProtocolCase> = {
  name: 'protocol',
  generate: generateProtocolCase,
  check: checkProtocolCase,
  serialize: (c) => ({ ...c, bytes: toHex(c.bytes) }),
};

/** HttpResponseParser with valid, mutated and hostile response heads in random chunks. */
export const httpTarget: FuzzTarget<HttpCase> = {
  name: 'http',
  generate: generateHttpCase,
  check: checkHttpCase,
  serialize: serializeHttpCase,
};

/** Sec-WebSocket-Extensions / Sec-WebSocket-Protocol answers into validateResponse. */
export const extensionsTarget: FuzzTarget<ExtensionsCase> = {
  name: 'extensions',
  generate: generateExtensionsCase,
  check: checkExtensionsCase,
  serialize: (c) => c,
};

/** Every target by name. */
export const fuzzTargets = { protocol: protocolTarget, http: httpTarget, extensions: extensionsTarget } as const;

/** Rebuilds a protocol case from its corpus form. */
export function parseProtocolCase(json: Record<string, unknown>): ProtocolCase {
  return { ...(json as unknown as ProtocolCase), bytes: fromHex(json.bytes as string) };
}

export { parseHttpCase };

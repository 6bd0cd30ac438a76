import { formatUpgradeRequest, generateKey } from '@weft/core';
import type { Platform } from '@weft/core';
import type { Target } from './target-url.js';

/** What every Upgrade request of one WebSocket shares, whatever hop it goes to. */
export interface UpgradeSettings {
  readonly origin: string | undefined;
  readonly protocols: readonly string[];
  /** The `Sec-WebSocket-Extensions` offer, or undefined for none. */
  readonly extensionsOffer: string | undefined;
}

/** One Upgrade request, ready to write, and the key its answer must match. */
export interface UpgradeRequest {
  /** The request head, one code unit per byte: written as Latin-1. */
  readonly head: string;
  readonly key: string;
}

/**
 * Builds the Upgrade request for `target` with core's builder (RFC 6455 §4.1), which throws a
 * TypeError for any CR/LF or non-token character in caller input before a byte exists. URL
 * user-info becomes `Authorization: Basic` (RFC 7617) unless the caller set `Authorization`.
 */
export function createUpgradeRequest(
  target: Target,
  headers: ReadonlyArray<readonly [string, string]>,
  settings: UpgradeSettings,
  platform: Pick<Platform, 'fillRandom'>,
): UpgradeRequest {
  const key = generateKey(platform);
  const hasAuthorization = headers.some(([name]) => name.toLowerCase() === 'authorization');
  const authorization = target.credentials === undefined || hasAuthorization
    ? undefined
    : `Basic ${Buffer.from(`${target.credentials.username}:${target.credentials.password}`, 'utf8').toString('base64')}`;
  const head = formatUpgradeRequest({
    host: target.hostHeader,
    path: target.resource,
    key,
    headers,
    ...(settings.origin === undefined ? {} : { origin: settings.origin }),
    ...(settings.protocols.length === 0 ? {} : { protocols: settings.protocols }),
    ...(settings.extensionsOffer === undefined ? {} : { extensions: settings.extensionsOffer }),
    ...(authorization === undefined ? {} : { authorization }),
  });
  return { head, key };
}

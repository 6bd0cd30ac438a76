import { expect } from 'vitest';
import { ProtocolError } from '../../src/errors/index.js';

/** Runs `action`, expects it to throw a ProtocolError with `code` and `closeCode`, and returns it. */
export function catchProtocolError(action: () => unknown, code: string, closeCode: number): ProtocolError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ProtocolError);
  const error = thrown as ProtocolError;
  expect({ code: error.code, closeCode: error.closeCode }).toEqual({ code, closeCode });
  return error;
}

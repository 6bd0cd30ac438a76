export { Opcode, isControlOpcode, isKnownOpcode } from './opcode.js';
export type { Frame, PartialFrame } from './frame.js';
export { FrameDecoder } from './frame-decoder.js';
export { DEFAULT_MAX_FRAME_BYTES } from './frame-limits.js';
export type { FrameLimits } from './frame-limits.js';
export { encodeFrame } from './encode-frame.js';
export type { EncodeFrameOptions } from './encode-frame.js';
export { MAX_CONTROL_PAYLOAD_BYTES } from './frame-header-rules.js';

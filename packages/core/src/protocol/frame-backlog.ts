import type { Frame } from '../codec/index.js';

const NO_FRAMES: readonly Frame[] = [];

/**
 * Decoded frames not yet processed, and the wire error that followed them, if any. The protocol
 * holds frames back here when `pauseAfterMessage` stops it after a message; the error is raised
 * only once every frame before it was processed, so events keep the order of the bytes.
 */
export class FrameBacklog {
  private frames: readonly Frame[] = NO_FRAMES;
  private index = 0;
  private wireError: unknown;

  /** Append the frames of one read, and the error that ended it (if the decoder failed). */
  add(frames: readonly Frame[], error: unknown): void {
    if (this.index < this.frames.length) {
      this.frames = this.frames.slice(this.index).concat(frames);
    } else {
      this.frames = frames;
    }
    this.index = 0;
    if (error !== undefined) this.wireError ??= error;
  }

  /** The next frame to process, or undefined when none is left. */
  next(): Frame | undefined {
    return this.index < this.frames.length ? this.frames[this.index++] : undefined;
  }

  /** Record an error raised while processing (the first one wins). */
  setError(error: unknown): void {
    this.wireError ??= error;
  }

  /** True while frames or an error are waiting. */
  get isEmpty(): boolean {
    return this.index >= this.frames.length && this.wireError === undefined;
  }

  /** Forget everything; returns the pending error, if any. */
  clear(): unknown {
    const error = this.wireError;
    this.frames = NO_FRAMES;
    this.index = 0;
    this.wireError = undefined;
    return error;
  }
}

/** Public types shared by the Node and browser builds. */
export type { Platform, Clock, TimerHandle } from '@weft/core';

export type { Platform, Clock, TimerHandle } from './platform.js';

import type { ProtocolEvent } from './protocol-event.js';

const NO_EVENTS: readonly ProtocolEvent[] = Object.freeze([]);

/**
 * The protocol's outgoing events, taken either all at once ({@link drain}) or one at a time
 * ({@link next}, no array per call: its storage is reused once empty). Counts the data messages
 * ever queued, so `pauseAfterMessage` can tell that a frame completed one.
 */
export class EventQueue {
  /** Events not yet taken; those before `head` were taken by {@link next}. */
  private events: ProtocolEvent[] = [];
  private head = 0;
  /**
   * @internal Data messages queued so far, ever (read it, never write it). A plain field, not a getter: it
   * is read twice per frame, and a young process runs that code unoptimised, call by call.
   */
  messagesQueued = 0;

  /** Queue an event. */
  push(event: ProtocolEvent): void {
    this.events.push(event);
  }

  /** Queue a text or binary message. */
  pushMessage(event: ProtocolEvent): void {
    this.events.push(event);
    this.messagesQueued++;
  }

  /** Every event not yet taken, in order (a shared empty array when there is none). */
  drain(): ProtocolEvent[] {
    const events = this.events;
    const head = this.head;
    // Nothing new (most calls while a read is dispatched message by message): no allocation.
    if (events.length === head) return NO_EVENTS as ProtocolEvent[];
    this.events = [];
    this.head = 0;
    return head === 0 ? events : events.slice(head);
  }

  /** The oldest event not yet taken, or undefined. */
  next(): ProtocolEvent | undefined {
    const events = this.events;
    const head = this.head;
    if (head === events.length) return undefined;
    const event = events[head];
    if (head + 1 === events.length) {
      // The usual queue holds one event (a message, with pauseAfterMessage): pop() empties it
      // far cheaper than setting the length.
      if (head === 0) events.pop();
      else events.length = 0;
      this.head = 0;
    } else {
      this.head = head + 1;
    }
    return event;
  }
}

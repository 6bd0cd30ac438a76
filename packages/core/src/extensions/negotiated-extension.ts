import type { PerMessageDeflateAgreement, PerMessageDeflateOffer } from './per-message-deflate-params.js';

/** The extensions the client offered, by kind; only permessage-deflate is implemented. */
export interface OfferedExtensions {
  /** The permessage-deflate offer that was sent, if any (as given to `formatPerMessageDeflateOffer`). */
  perMessageDeflate?: PerMessageDeflateOffer;
}

/** An extension the server accepted, with the configuration agreed. */
export interface NegotiatedExtension {
  name: 'permessage-deflate';
  agreement: PerMessageDeflateAgreement;
}

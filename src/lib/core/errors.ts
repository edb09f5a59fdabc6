// Every failure the product can explain carries a stable `code`: the UI maps codes to plain-language
// messages in one place, and outside tests read them from [data-testid=error][data-code].

export class DisclessError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Codes from docs/SPEC.md §Errors: one per way an encrypted object can be wrong. */
export type EnvelopeErrorCode =
  | 'bad-header'
  | 'wrong-share'
  | 'wrong-object'
  | 'wrong-key'
  | 'tampered'
  | 'truncated'
  | 'trailing-data'
  | 'reordered'
  | 'duplicated';

export class EnvelopeError extends DisclessError {
  declare readonly code: EnvelopeErrorCode;
  constructor(code: EnvelopeErrorCode, message: string) {
    super(code, message);
  }
}

export type LinkErrorCode = 'bad-link' | 'unsupported-version' | 'not-a-share-link';

export class LinkError extends DisclessError {
  declare readonly code: LinkErrorCode;
  constructor(code: LinkErrorCode, message: string) {
    super(code, message);
  }
}

export class ManifestError extends DisclessError {
  constructor(message: string) {
    super('bad-manifest', message);
  }
}

import { DisclessError } from '../errors';

/** A file this app cannot de-identify (its structure is not one it can rewrite safely). */
export class DeidError extends DisclessError {
  constructor(message: string) {
    super('cannot-deidentify', message);
  }
}

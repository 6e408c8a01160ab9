/**
 * An error that no retry can fix: bad input, a rule of the domain, a task that is not there.
 * The queue turns it into an unrecoverable job failure; the Slack edge turns it into a message.
 */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

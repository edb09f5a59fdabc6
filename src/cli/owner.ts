// `discless status` and `discless revoke`: what the history page does for a share made on this
// machine, with the owner token from the history file. Status also takes a link (anyone's share):
// then only what the store tells everyone (state, expiry), without the opened count.

import { deriveShareKeys } from '../lib/core/keys';
import { parseLink } from '../lib/core/link';
import { formatDate } from '../lib/format';
import { shareState } from '../lib/history/status';
import { patientLine, studyLine } from '../lib/sender/handout';
import { StoreClient, StoreError, type OwnerStatus, type ShareStatus } from '../lib/store/client';
import { COMMON_HELP, EXIT_HELP, storeUrl, text, type Command, type Values } from './args';
import { en } from './english';
import { EXIT, UsageError } from './exit';
import { History } from './history';
import { confirm, interactive } from './prompt';

const log = (line: string) => process.stderr.write(`${line}\n`);

function oneArgument(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`Give one ${what}.`);
  return positionals[0];
}

export const statusCommand: Command = {
  summary: 'a share\'s state, expiry and how often it was opened',
  options: { store: { type: 'string' }, json: { type: 'boolean' }, history: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  help: `Usage: discless status <share id|link> [--json]

For a share made on this machine (its id, or a unique start of it, from the history file): its
state (uploading, interrupted, active, expired, revoked, gone), expiry and how often it was opened.
For any link: the state and expiry the store tells everyone.

  --store <url>       the store, when not the one in the history or the link
  --json              print one JSON object on stdout
${COMMON_HELP}

${EXIT_HELP}`,
  run: status
};

interface StatusLine {
  shareId: string;
  state: string;
  expiresAt: string | null;
  pin: boolean | null;
  openedCount: number | null;
  lastOpened: string | null;
}

const ENDED = new Set(['expired', 'revoked', 'locked', 'not-found', 'limit-reached']);

function printStatus(line: StatusLine, json: boolean): void {
  if (json) return void process.stdout.write(`${JSON.stringify(line)}\n`);
  const until = line.expiresAt ? `, until ${formatDate(line.expiresAt)}` : '';
  const opened = line.openedCount === null ? '' : `, opened ${line.openedCount} time${line.openedCount === 1 ? '' : 's'}`;
  const last = line.lastOpened ? ` (last ${line.lastOpened})` : '';
  process.stdout.write(`${line.shareId}: ${line.state}${until}${opened}${last}${line.pin ? ', with a PIN' : ''}\n`);
}

async function status(values: Values, positionals: string[]): Promise<number> {
  const target = oneArgument(positionals, 'share id or link');
  let shareId: string;
  let local: 'uploading' | 'done' = 'done';
  let expiresAt = '';
  let read: () => Promise<ShareStatus & Partial<OwnerStatus>>;
  if (target.includes('#')) {
    shareId = (await deriveShareKeys(parseLink(target))).shareIdHex;
    const client = new StoreClient(storeUrl(values, new URL(target).origin));
    read = () => client.status(shareId);
  } else {
    const record = new History(text(values, 'history')).get(target);
    ({ shareId, local, expiresAt } = record);
    const client = new StoreClient(storeUrl(values, record.store));
    read = () => client.ownerStatus(shareId, record.ownerToken);
  }
  const json = values.json === true;
  try {
    const view = await read();
    const state = shareState(local, view, new Date(), view.expiresAt);
    printStatus({ shareId, state, expiresAt: view.expiresAt, pin: view.pin, openedCount: view.accessCount ?? null, lastOpened: view.lastAccesses?.[0] ?? null }, json);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof StoreError) || !ENDED.has(error.code)) throw error;
    const state = error.code === 'locked' || error.code === 'limit-reached' ? error.code : shareState(local, error, new Date(), expiresAt);
    printStatus({ shareId, state, expiresAt: expiresAt || null, pin: null, openedCount: null, lastOpened: null }, json);
    return EXIT.unavailable;
  }
}

export const revokeCommand: Command = {
  summary: 'withdraw a share made on this machine: the store deletes its data',
  options: { store: { type: 'string' }, yes: { type: 'boolean', short: 'y' }, history: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  help: `Usage: discless revoke <share id> [--yes]

Ends a share made on this machine at once: the store deletes its encrypted data, and the link then
says the share was withdrawn. Asks first on a terminal; scripts add --yes.

  --store <url>       the store, when not the one in the history
  -y, --yes           do not ask
${COMMON_HELP}

${EXIT_HELP}`,
  run: revoke
};

async function revoke(values: Values, positionals: string[]): Promise<number> {
  const history = new History(text(values, 'history'));
  const record = history.get(oneArgument(positionals, 'share id'));
  const client = new StoreClient(storeUrl(values, record.store));
  if (!values.yes) {
    if (!interactive()) throw new UsageError('Nothing was revoked: without a terminal to ask, add --yes.');
    if (!(await confirm(`Withdraw share ${record.shareId} (${patientLine(record.print, en)}, ${studyLine(record.print, en)})? Its data is deleted for good.`))) {
      log('Nothing was revoked.');
      return EXIT.failure;
    }
  }
  await client.revoke(record.shareId, record.ownerToken);
  log(`Share ${record.shareId} is withdrawn; its link now says so, and the store has deleted its data.`);
  return EXIT.ok;
}

// `discless share`: the staff page's flow from a terminal. Index the folder with the same indexer,
// print the review, confirm, then the same sharing pipeline (src/lib/share/create-share.ts) with
// files read from disk, progress on stderr, and the record kept in the history file as the page keeps
// it in IndexedDB, so `share --continue` resumes exactly as the page's "Continue" does.

import { resolve } from 'node:path';
import { DisclessError } from '../lib/core/errors';
import { generatePin, PIN_PATTERN } from '../lib/core/pin';
import { newShareRecord, resumePoint, recordShareEvent } from '../lib/history/share-events';
import { createShare, type CreatedShare, type CreateShareInput } from '../lib/share/create-share';
import { StoreClient } from '../lib/store/client';
import { COMMON_HELP, EXIT_HELP, storeUrl, text, type Command, type Values } from './args';
import { staffEn } from './english';
import { EXIT, UsageError } from './exit';
import { collectFiles } from './files';
import { checkOutputName, writeHandout, writeQr } from './handout';
import { History, type CliShareRecord } from './history';
import { Progress } from './progress';
import { confirm, interactive } from './prompt';
import { countShare, indexFiles, plannedFiles, reviewText, selectForShare, type ShareCounts } from './review';
import { FileOutbox } from './outbox';
import { makeThumbnails } from './thumbnails';

const DAY = 86_400;
const DEFAULT_EXPIRY_DAYS = 30;
const log = (line: string) => process.stderr.write(`${line}\n`);

export const shareCommand: Command = {
  summary: 'encrypt and upload a folder or .zip of DICOM files, print the link',
  options: {
    store: { type: 'string' },
    app: { type: 'string' },
    expiry: { type: 'string' },
    pin: { type: 'string' },
    'pin-random': { type: 'boolean' },
    label: { type: 'string' },
    'upload-key': { type: 'string' },
    qr: { type: 'string' },
    handout: { type: 'string' },
    json: { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    'allow-multiple-patients': { type: 'boolean' },
    'include-other-files': { type: 'boolean' },
    continue: { type: 'string' },
    history: { type: 'string' },
    help: { type: 'boolean', short: 'h' }
  },
  help: `Usage: discless share <folder|zip>... --store <url> [options]
       discless share --continue <share id> [<folder|zip>...] [--store <url>] [--upload-key <key>]

Reads the files with the same indexer as the staff page, prints the review (patients, studies,
series, counts, files that cannot be shared and why) and asks before sharing. Then encrypts on this
computer, uploads with progress on stderr, and prints the link on stdout.

  --store <url>       the Discless store (or DISCLESS_STORE)
  --app <url>         where the viewer is, when not at the store's address (the link's origin)
  --expiry <days>     how long the share lives (default ${DEFAULT_EXPIRY_DAYS}; the store sets the range, usually 1–90)
  --pin <digits>      protect the share with a PIN of 4 to 12 digits (give it apart from the link)
  --pin-random        make a six-digit PIN and print it
  --label <text>      a note shown to the receiver, e.g. "CT chest for Dr X"
  --upload-key <key>  this device's upload key, if the store needs one (or DISCLESS_UPLOAD_KEY)
  --qr <file>         write the QR code as .png or .svg
  --handout <file>    write the A4 handout staff print from the browser, as .pdf
  --json              print one JSON object (link, share id, expiry, PIN, history file, counts)
  -y, --yes           share without asking (scripts); refused for several patients unless:
  --allow-multiple-patients
                      the files really belong to more than one patient
  --include-other-files
                      also carry the files that are not DICOM (a CD's viewer, autorun.inf) as
                      they are; the export puts them under NOT_DICOM/
  --continue <id>     resume an interrupted upload (Ctrl-C, network loss) from the history; the
                      folder is read again (or the one given, if it moved) and must hold the same
                      files; objects the store holds are not sent again
${COMMON_HELP}

${EXIT_HELP}`,
  run: (values, positionals) => (text(values, 'continue') ? continueShare(values, positionals) : newShare(values, positionals))
};

function expiryDays(values: Values): number {
  const given = text(values, 'expiry');
  if (given === undefined) return DEFAULT_EXPIRY_DAYS;
  if (!/^[1-9][0-9]{0,3}$/.test(given)) throw new UsageError(`--expiry is a whole number of days, not ${given}.`);
  return Number(given);
}

function chosenPin(values: Values): string | undefined {
  const pin = text(values, 'pin');
  if (pin !== undefined && values['pin-random']) throw new UsageError('Give --pin or --pin-random, not both.');
  if (values['pin-random']) return generatePin();
  if (pin !== undefined && !PIN_PATTERN.test(pin)) throw new UsageError('--pin is 4 to 12 digits (0–9), nothing else.');
  return pin;
}

const uploadKeyOf = (values: Values) => text(values, 'upload-key') ?? (process.env.DISCLESS_UPLOAD_KEY || undefined);

/** Fails before any reading if the store would refuse the upload key or the expiry. */
async function checkStore(client: StoreClient, uploadKey: string | undefined, ttlSeconds: number): Promise<void> {
  const info = await client.info(uploadKey);
  if (info.uploadKeyRequired && info.uploadKeyAccepted !== true) {
    throw new DisclessError('upload-key', uploadKey ? 'The store does not accept this upload key.' : 'This store needs an upload key: --upload-key <key> or DISCLESS_UPLOAD_KEY.');
  }
  if (ttlSeconds < info.minTtlSeconds || ttlSeconds > info.maxTtlSeconds) {
    throw new UsageError(`--expiry must be from ${Math.ceil(info.minTtlSeconds / DAY)} to ${Math.floor(info.maxTtlSeconds / DAY)} days on this store.`);
  }
}

async function readFolder(inputs: string[], otherFiles: boolean) {
  const dropped = await collectFiles(inputs);
  const progress = new Progress('Reading', 'files', process.stderr, dropped.length > 0);
  progress.start(dropped.length);
  const index = selectForShare(await indexFiles(dropped, (p) => progress.update(p.done, p.total)), otherFiles);
  progress.stop();
  if (index.files.length === 0) throw new DisclessError('no-dicom', `No DICOM files in ${inputs.join(', ')} (${index.skipped.length} other files).`);
  return { index, files: Object.fromEntries(dropped.map((d) => [d.path, d.file])) };
}

async function confirmShare(values: Values, counts: ShareCounts, patient: string): Promise<void> {
  if (counts.patients > 1 && !values['allow-multiple-patients']) {
    throw new UsageError(`These files belong to ${counts.patients} patients. Share each patient's files on their own, or add --allow-multiple-patients if this is intended.`);
  }
  if (values.yes) return;
  if (!interactive()) throw new UsageError('Nothing was shared: without a terminal to ask, add --yes once the review above is right.');
  const who = counts.patients > 1 ? `${counts.patients} patients` : patient;
  if (!(await confirm(`Share these files of ${who}?`))) {
    throw new DisclessError('declined', 'Nothing was shared.');
  }
}

async function newShare(values: Values, inputs: string[]): Promise<number> {
  if (inputs.length === 0) throw new UsageError('Which files? Give a folder or a .zip of a CD.');
  const store = storeUrl(values);
  const origin = new URL(text(values, 'app') ?? store).origin;
  const ttlSeconds = expiryDays(values) * DAY;
  const pin = chosenPin(values);
  checkOutputName(text(values, 'qr'), ['.png', '.svg'], '--qr');
  checkOutputName(text(values, 'handout'), ['.pdf'], '--handout');
  const uploadKey = uploadKeyOf(values);
  const history = new History(text(values, 'history'));
  history.list(); // a damaged history file stops us before the upload, not after
  const client = new StoreClient(store);
  await checkStore(client, uploadKey, ttlSeconds);

  const otherFiles = values['include-other-files'] === true;
  const { index, files } = await readFolder(inputs, otherFiles);
  log(reviewText(index));
  await confirmShare(values, countShare(index), index.patients[0].name);
  const thumbnails = await makeThumbnails(index, files);
  const label = text(values, 'label')?.trim() ?? '';
  const record: CliShareRecord = {
    ...newShareRecord(index, { label, ttlSeconds, pin, excluded: [], excludedDocuments: [], otherFiles }, staffEn),
    source: inputs.map((i) => resolve(i)).join('\n'),
    store
  };
  const input: CreateShareInput = { index, files, origin, ttlSeconds, label, thumbnails, pin, uploadKey };
  const result = await upload(record, input, client, history);
  await report(values, record, result, countShare(index), history);
  return EXIT.ok;
}

async function continueShare(values: Values, positionals: string[]): Promise<number> {
  const history = new History(text(values, 'history'));
  const record = history.get(text(values, 'continue')!) as CliShareRecord;
  const client = new StoreClient(storeUrl(values, record.store));
  if (record.local === 'done') {
    log(`Share ${record.shareId} was already complete.`);
    const result = { link: record.link, shareId: record.shareId, ownerToken: record.ownerToken, expiresAt: record.expiresAt, bytes: record.bytes, fileCount: record.fileCount };
    await report(values, record, result, null, history);
    return EXIT.ok;
  }
  const inputs = positionals.length ? positionals : record.source.split('\n');
  const { index, files } = await readFolder(inputs, record.otherFiles ?? false);
  const planned = plannedFiles(index);
  const same = planned.length === record.files.length && planned.every((f, i) => f.path === record.files[i].path && f.size === record.files[i].size);
  if (!same) {
    throw new DisclessError('resume-mismatch', `The files in ${inputs.join(', ')} are not the files of share ${record.shareId} any more: start a new share.`);
  }
  log(`Continuing share ${record.shareId}: ${record.salts.filter(Boolean).length} of ${record.salts.length} objects were stored.`);
  const thumbnails = await makeThumbnails(index, files);
  const input: CreateShareInput = {
    index,
    files,
    origin: new URL(record.link).origin,
    ttlSeconds: record.ttlSeconds,
    label: record.label,
    thumbnails,
    resume: resumePoint(record),
    pin: record.pin,
    uploadKey: uploadKeyOf(values)
  };
  const result = await upload(record, input, client, history);
  await report(values, record, result, countShare(index), history);
  return EXIT.ok;
}

/** The pipeline, with the record saved as it goes; on any stop, says how to continue. */
async function upload(record: CliShareRecord, input: CreateShareInput, client: StoreClient, history: History): Promise<CreatedShare> {
  const progress = new Progress('Uploading', 'bytes');
  let started = false;
  const continueHint = () => {
    if (record.secret) log(`What the store holds is kept. Continue with: discless share --continue ${record.shareId}`);
  };
  const onInterrupt = () => {
    progress.stop();
    log('\nInterrupted.');
    continueHint();
    process.exit(EXIT.interrupted);
  };
  process.once('SIGINT', onInterrupt);
  const outbox = new FileOutbox();
  try {
    const result = await createShare(
      input,
      (event) => {
        if (recordShareEvent(record, event) && record.secret) history.save(record);
        if (event.type !== 'progress') return;
        if (!started) progress.start(event.total, event.uploaded);
        started = true;
        progress.update(event.uploaded, event.total);
      },
      client,
      undefined,
      async () => outbox
    );
    record.local = 'done';
    history.save(record);
    return result;
  } catch (error) {
    progress.stop();
    if (record.secret) history.save(record);
    continueHint();
    throw error;
  } finally {
    progress.stop();
    process.off('SIGINT', onInterrupt);
    await outbox.clear();
  }
}

async function report(values: Values, record: CliShareRecord, result: CreatedShare, counts: ShareCounts | null, history: History): Promise<void> {
  const qr = text(values, 'qr');
  const handout = text(values, 'handout');
  if (qr) await writeQr(qr, result.link);
  if (handout) await writeHandout(handout, { link: result.link, expiresAt: result.expiresAt, details: record.print });
  if (values.json) {
    const out = {
      link: result.link,
      shareId: result.shareId,
      expiresAt: result.expiresAt,
      pin: record.pin ?? null,
      ownerTokenFile: history.path,
      qr: qr ? resolve(qr) : null,
      handout: handout ? resolve(handout) : null,
      counts
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  log(`Shared: ${result.fileCount} files, share id ${result.shareId}, available until ${result.expiresAt}.`);
  if (record.pin) log(`PIN: ${record.pin}  (tell it to the patient or give it on its own paper; it is not in the link or on the handout)`);
  if (qr) log(`QR code: ${resolve(qr)}`);
  if (handout) log(`Handout: ${resolve(handout)}`);
  log(`Kept in ${history.path}: discless status ${result.shareId} / discless revoke ${result.shareId}`);
  process.stdout.write(`${result.link}\n`);
}

// The viewer's "Send to PACS" dialog state: the settings form, the server check, and one send job
// at a time. Sending goes on while the dialog is closed; a reload continues from the ledger.

import type { Manifest } from '../core/manifest';
import { m } from '../i18n';
import { DicomWebClient, normaliseBaseUrl, type PacsAuth, type PacsTarget } from './dicomweb';
import { PacsFormError } from './errors';
import { pacsInstances } from './instances';
import { SentLedger } from './ledger';
import { StowJob, type InstanceResult, type JobSnapshot } from './send-job';
import { loadPacsSettings, localStore, savePacsSettings, type PacsSettings } from './settings';

export interface PacsSource {
  manifest(): Manifest | null;
  /** The original bytes of manifest file `index`, SHA-256 checked. */
  read(index: number): Promise<Uint8Array>;
}

export type CheckState = { state: 'checking' } | { state: 'ok' } | { state: 'failed'; error: unknown };

export class PacsSend {
  settings = $state<PacsSettings>(loadPacsSettings());
  check = $state.raw<CheckState | null>(null);
  /** Why a send could not start (an address that is no PACS address, no files). */
  error = $state.raw<unknown>(null);
  progress = $state.raw<JobSnapshot | null>(null);
  results = $state.raw<InstanceResult[]>([]);
  /** Instances this PACS confirmed before, from this browser, for the address in the form. */
  already = $state(0);
  private job: StowJob | null = null;

  constructor(private readonly source: PacsSource) {}

  readonly instances = $derived.by(() => {
    const manifest = this.source.manifest();
    return manifest ? pacsInstances(manifest) : [];
  });

  get busy(): boolean {
    const phase = this.progress?.phase;
    return phase === 'running' || phase === 'paused';
  }

  private target(): PacsTarget {
    const { url, auth, user, secret } = this.settings;
    const base = normaliseBaseUrl(url);
    const login: PacsAuth = auth === 'basic' ? { kind: 'basic', user, password: secret } : auth === 'bearer' ? { kind: 'bearer', token: secret } : { kind: 'none' };
    if (auth === 'basic' && !user) throw new PacsFormError('pacs-unauthorized', 'no_user');
    if (auth !== 'none' && !secret) throw new PacsFormError('pacs-unauthorized', auth === 'basic' ? 'no_password' : 'no_token');
    return { url: base, auth: login };
  }

  /** Kept as the user types; the password only if "remember on this device" is ticked. */
  remember(): void {
    savePacsSettings(this.settings);
  }

  /** How many instances this PACS already confirmed (a send cut short before, in this browser). */
  async countAlready(): Promise<void> {
    const manifest = this.source.manifest();
    if (!manifest || this.busy) return;
    let url: string;
    try {
      url = normaliseBaseUrl(this.settings.url);
    } catch {
      this.already = 0;
      return;
    }
    const ledger = await SentLedger.open(localStore(), url, manifest.files.map((f) => f.sha256));
    this.already = this.instances.filter((i) => ledger.confirmed(i.index)).length;
  }

  async test(): Promise<void> {
    this.error = null;
    this.check = { state: 'checking' };
    try {
      const target = this.target();
      this.remember();
      await new DicomWebClient(target).check();
      this.check = { state: 'ok' };
    } catch (error) {
      this.check = { state: 'failed', error };
    }
  }

  async send(): Promise<void> {
    const manifest = this.source.manifest();
    if (!manifest || this.busy) return;
    this.error = null;
    this.check = null;
    let target: PacsTarget;
    try {
      target = this.target();
    } catch (error) {
      this.error = error;
      return;
    }
    this.remember();
    const ledger = await SentLedger.open(localStore(), target.url, manifest.files.map((f) => f.sha256));
    const job = new StowJob(this.instances, {
      client: new DicomWebClient(target),
      read: (index) => this.source.read(index),
      ledger,
      onChange: (snapshot) => this.show(job, snapshot)
    });
    this.job = job;
    this.show(job, job.snapshot());
    await job.run();
    this.already = ledger.count;
  }

  private show(job: StowJob, snapshot: JobSnapshot): void {
    if (job !== this.job) return;
    this.progress = snapshot;
    this.results = [...job.results.values()].sort((a, b) => a.instance.index - b.instance.index);
  }

  /** The file's path on the sender's disc, as the result list names it. */
  fileName(index: number): string {
    return this.source.manifest()?.files[index]?.path ?? m.pacs_file({ n: index + 1 });
  }

  pause(): void {
    this.job?.pause();
  }

  resume(): void {
    this.job?.resume();
  }
}

// One share's de-identification: its settings (pseudonym, options, key), the identifiers its files
// hold, and the rewrite of each file. The same settings and files always give the same bytes.

import type { Encoding } from '../dicom/sniff';
import { concat } from '../bytes';
import type { Change, Override } from './dataset';
import { element, ITEM, textValue, writeHeader } from './elements';
import { PROFILE_TABLE } from './profile-table';
import { DEFAULT_OPTIONS, methodCodes, methodValues, Profile, type DeidOptions } from './profile';
import { rewriteFile, type Rewritten } from './rewrite';
import type { ByteSource } from './source';
import { Scrubber, ShareKeys } from './values';

export interface DeidSettings {
  /** Written as Patient's Name and Patient ID (see PSEUDONYM). */
  pseudonym: string;
  options: DeidOptions;
  /** 32 random bytes per share: the seed of its new UIDs and of its date offset. */
  key: Uint8Array;
}

/** A pseudonym is typed by staff and written into every file: plain ASCII, at most 64 characters
 *  (LO), none of DICOM's delimiters (\ ^ =), so it is the same in every character set. */
export const PSEUDONYM = /^[A-Za-z0-9](?:[A-Za-z0-9 _.,'()#/+-]{0,62}[A-Za-z0-9)._#+-])?$/;

/** The identifiers are those the Basic Profile without options takes out, whatever options are
 *  chosen: what an option keeps in its own attribute is still blanked where it appears in free text. */
const BASIC: DeidOptions = {
  ...DEFAULT_OPTIONS,
  dates: 'remove',
  retainDevice: false,
  retainInstitution: false,
  retainPatientCharacteristics: false,
  cleanDescriptors: false,
  cleanStructuredContent: false,
  cleanGraphics: false,
  retainSafePrivate: false
};

const LONGITUDINAL = { shift: 'MODIFIED', keep: 'UNMODIFIED', remove: 'REMOVED' } as const;

/** identifying() by tag, as it is asked of every value a survey meets. */
const identifyingTags = new Map<number, boolean>();

/**
 * Whether the values of `tag` identify someone or something (a person's ID, an accession number, a
 * birth date, an institution, a device) rather than describe the study: a row of the table that no
 * Clean option keeps as a description and no date option shifts, and that is not a UID. Names (PN)
 * are identifiers wherever they stand.
 */
function identifying(tag: number): boolean {
  let known = identifyingTags.get(tag);
  if (known === undefined) {
    const row = PROFILE_TABLE[tag.toString(16).toUpperCase().padStart(8, '0')];
    const options = row?.options ?? {};
    known = !!row && !row.basic.includes('U') && !options.cleanDescriptors && !options.cleanStructuredContent && !options.cleanGraphics && !options.retainModifiedDates;
    identifyingTags.set(tag, known);
  }
  return known;
}

export class Deidentifier {
  private readonly profile: Profile;
  private readonly basic = new Profile(BASIC);

  private constructor(
    readonly settings: DeidSettings,
    readonly keys: ShareKeys,
    readonly scrubber: Scrubber
  ) {
    this.profile = new Profile(settings.options);
  }

  static async create(settings: DeidSettings, identifiers: Iterable<string> = []): Promise<Deidentifier> {
    if (!PSEUDONYM.test(settings.pseudonym)) throw new TypeError('The pseudonym must be 1 to 64 plain letters, digits or punctuation.');
    const scrubber = new Scrubber();
    scrubber.addAll(identifiers);
    return new Deidentifier(settings, await ShareKeys.create(settings.key), scrubber);
  }

  /** The identifier pass over one file: learns what the text that stays must not show. Returns the
   *  file's Burned In Annotation (0028,0301), '' when absent. */
  async collect(source: ByteSource): Promise<string> {
    const wanted = new Map([[0x00280301, '']]);
    await rewriteFile(
      source,
      {
        profile: this.basic,
        keys: this.keys,
        scrubber: new Scrubber(),
        collect: (tag, vr, value, nested) => {
          if (vr === 'PN' || (!nested && identifying(tag))) this.scrubber.add(value, vr);
        },
        wanted
      },
      (enc) => this.overrides(enc)
    );
    return wanted.get(0x00280301)!.trim().toUpperCase();
  }

  rewrite(source: ByteSource): Promise<Rewritten> {
    return rewriteFile(source, { profile: this.profile, keys: this.keys, scrubber: this.scrubber }, (enc) => this.overrides(enc));
  }

  /** What the rewrite changes in one file, attribute by attribute. */
  async preview(source: ByteSource): Promise<Change[]> {
    const changes: Change[] = [];
    await rewriteFile(source, { profile: this.profile, keys: this.keys, scrubber: this.scrubber, changes }, (enc) => this.overrides(enc));
    return changes;
  }

  /** Patient's Name and ID, Patient Identity Removed, the method and its codes (PS3.15 E.1.1, PS3.3 C.12.1). */
  private overrides(enc: Encoding): Map<number, Override> {
    const { pseudonym, options } = this.settings;
    const codes = methodCodes(options);
    const items = codes.map(({ code, meaning }) => {
      const body = [
        element(0x00080100, 'SH', textValue(code, 'SH'), enc),
        element(0x00080102, 'SH', textValue('DCM', 'SH'), enc),
        element(0x00080104, 'LO', textValue(meaning, 'LO'), enc)
      ];
      return concat(writeHeader(ITEM, '', body.reduce((n, b) => n + b.length, 0), enc), ...body);
    });
    const sequence = concat(...items);
    const set = (tag: number, vr: string, value: string, name: string): [number, Override] => [
      tag,
      { bytes: element(tag, vr, textValue(value, vr), enc), name, text: value }
    ];
    return new Map([
      set(0x00100010, 'PN', pseudonym, "Patient's Name"),
      set(0x00100020, 'LO', pseudonym, 'Patient ID'),
      set(0x00120062, 'CS', 'YES', 'Patient Identity Removed'),
      set(0x00120063, 'LO', methodValues().join('\\'), 'De-identification Method'),
      [
        0x00120064,
        {
          bytes: concat(writeHeader(0x00120064, 'SQ', sequence.length, enc), sequence),
          name: 'De-identification Method Code Sequence',
          text: codes.map((c) => `${c.code} ${c.meaning}`).join('; ')
        }
      ],
      set(0x00280303, 'CS', LONGITUDINAL[options.dates], 'Longitudinal Temporal Information Modified')
    ]);
  }
}


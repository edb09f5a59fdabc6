import { beforeAll, describe, expect, it } from 'vitest';
import { language } from '$lib/i18n';
import { PacsError, PacsFormError } from '$lib/pacs/errors';
import { StoreError } from '$lib/store/client';
import { presentError } from './present';

beforeAll(() => language.use('en'));

describe('presentError', () => {
  it('gives a PACS error its words, and what the PACS answered in brackets, as it said it', () => {
    expect(presentError(new PacsError('pacs-unauthorized', 'HTTP 401: Bad credentials', 401))).toEqual({
      code: 'pacs-unauthorized',
      title: 'The PACS did not accept the login',
      message: 'Check the user name and password, or the token, and try again. (HTTP 401: Bad credentials)'
    });
  });

  it('says what the page found wrong in the form in the page\'s language', async () => {
    const error = new PacsFormError('pacs-unauthorized', 'no_password');
    expect(presentError(error).message).toBe('Check the user name and password, or the token, and try again. (no password typed)');
    await language.use('fr');
    try {
      expect(presentError(error)).toMatchObject({ title: "Le PACS n'a pas accepté l'identifiant", message: expect.stringMatching(/\(aucun mot de passe saisi\)$/) });
    } finally {
      await language.use('en');
    }
  });

  it('adds the PIN tries left, and words for a code it does not know', () => {
    expect(presentError(new StoreError('wrong-pin', 'x', 403, 3)).message).toBe('Check the PIN the clinic gave you with the code and type it again. 3 tries left.');
    expect(presentError(new Error('boom'))).toMatchObject({ code: 'internal', title: 'Something went wrong' });
  });
});

import { describe, expect, it } from 'vitest';
import { NEGATIVE_AT, readSentiment } from './sentiment.js';

const label = (text: string) => readSentiment(text).label;

describe('readSentiment', () => {
  it.each([
    ['The room was filthy and the staff were rude', 'negative'],
    ['Worst hotel ever. Never again.', 'negative'],
    ['Waited 2 hours for a table, still waiting for the refund', 'negative'],
    ['The breakfast was not good', 'negative'],
    ['Great staff but the room was dirty', 'negative'],
    ['Loved our stay, the spa was amazing', 'positive'],
    ['Not bad at all, lovely view!', 'positive'],
    ['Checked in at 3pm, room 204', 'neutral'],
    ['', 'neutral'],
  ])('%j reads %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });

  it('flips a negated word at half strength, whichever way it leans', () => {
    const good = readSentiment('good').score;
    const notGood = readSentiment('not good').score;
    expect(good).toBeGreaterThan(0);
    expect(notGood).toBeLessThan(0);
    expect(Math.abs(notGood)).toBeLessThan(good);
    expect(readSentiment("wasn't clean").terms).toEqual([{ term: 'clean', weight: -0.5 }]);
    // The negator may sit up to three words back, and no further.
    expect(readSentiment('not very good').score).toBeLessThan(0);
    expect(readSentiment('not at all in any way good').score).toBeGreaterThan(0);
  });

  it('strengthens intensified and shouted words, softens softened ones', () => {
    const plain = readSentiment('the room was dirty').score;
    expect(readSentiment('the room was very dirty').score).toBeLessThan(plain);
    expect(readSentiment('the room was DIRTY').score).toBeLessThan(plain);
    expect(readSentiment('the room was slightly dirty').score).toBeGreaterThan(plain);
    // A text all in capitals is not shouting word by word.
    expect(readSentiment('THE ROOM WAS DIRTY').score).toBe(plain);
    // Exclamation marks strengthen the whole, at most three of them.
    expect(readSentiment('the room was dirty!!').score).toBeLessThan(plain);
    expect(readSentiment('the room was dirty!!!!!!').score).toBe(
      readSentiment('the room was dirty!!!').score,
    );
    // "super slow": super only intensifies.
    expect(readSentiment('super slow').terms).toEqual([{ term: 'slow', weight: -1.5 }]);
  });

  it('reads emoticons and emoji', () => {
    expect(label('checked in :(')).toBe('negative');
    expect(label('room 12 😡')).toBe('negative');
    expect(label('room 12 👍')).toBe('positive');
    expect(label('see https://example.com/a:b')).toBe('neutral');
  });

  it('knows the common words of German, French and Spanish', () => {
    expect(label('Das Zimmer war schmutzig und das Personal unfreundlich')).toBe('negative');
    expect(label('Nie wieder!')).toBe('negative');
    expect(label('Très déçu, chambre sale')).toBe('negative');
    expect(label('Servicio pésimo, habitación sucia')).toBe('negative');
    expect(label('Excelente, muchas gracias')).toBe('positive');
  });

  it('takes a phrase before its words, and says what it counted', () => {
    const s = readSentiment('What a rip off, never again');
    expect(s.terms.map((t) => t.term)).toEqual(['rip off', 'never again']);
    expect(s.negative).toBe(true);
    expect(s.score).toBeLessThanOrEqual(NEGATIVE_AT);
    expect(s.score).toBeGreaterThan(-1);
  });

  it('reads markup as the words in it', () => {
    expect(label('<b>terrible</b> <script>alert(1)</script>')).toBe('negative');
  });
});

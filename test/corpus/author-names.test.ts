import { describe, expect, it } from 'vitest';
import { nameOfObject, splitAuthorList } from '../../src/corpus/author-names.js';

describe('splitAuthorList', () => {
  it.each([
    [
      'Grace Hopper, Edsger Dijkstra, and Barbara Liskov',
      ['Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'],
    ],
    [
      'Ada Lovelace, Charles Babbage and Mary Somerville',
      ['Ada Lovelace', 'Charles Babbage', 'Mary Somerville'],
    ],
    ['Chen, Chih-Chieh and Kuo, Chang-Fu', ['Chih-Chieh Chen', 'Chang-Fu Kuo']],
    ['Chih-Chieh Chen and Chang-Fu Kuo', ['Chih-Chieh Chen', 'Chang-Fu Kuo']],
    ['King, Jr., Martin Luther and Hopper, Grace', ['Martin Luther King Jr.', 'Grace Hopper']],
    ['I. Csiszár; F. Hiai; D. Petz', ['I. Csiszár', 'F. Hiai', 'D. Petz']],
    ['Csiszár, I.; Hiai, F.', ['I. Csiszár', 'F. Hiai']],
    ['Martin Luther King, Jr.;', ['Martin Luther King, Jr.']],
    ['Ada Lovelace', ['Ada Lovelace']],
  ])('%s', (text, names) => {
    expect(splitAuthorList(text)).toEqual(names);
  });
});

describe('nameOfObject', () => {
  it('reads name, display_name and CSL given/family', () => {
    expect(nameOfObject({ authorId: '1', name: 'Ada Lovelace' })).toBe('Ada Lovelace');
    expect(nameOfObject({ display_name: 'Grace Hopper' })).toBe('Grace Hopper');
    expect(nameOfObject({ given: 'Alan', family: 'Turing' })).toBe('Alan Turing');
    expect(nameOfObject({ orcid: 'x' })).toBeNull();
  });
});

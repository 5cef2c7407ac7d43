import { deltaOf } from './stock.service';

describe('stock moves', () => {
  it('adds what is received or harvested, removes what is used or scrapped', () => {
    expect(deltaOf('received', 5, 0)).toBe(5);
    expect(deltaOf('harvested', 2, 3)).toBe(2);
    expect(deltaOf('used', 1, 3)).toBe(-1);
    expect(deltaOf('scrapped', 2, 3)).toBe(-2);
  });

  it('turns a stock count into the difference with the books', () => {
    expect(deltaOf('counted', 1, 3)).toBe(-2);
    expect(deltaOf('counted', 7, 3)).toBe(4);
    expect(deltaOf('counted', 3, 3)).toBe(0);
  });
});

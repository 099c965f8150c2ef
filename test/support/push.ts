import type { News, RuleSet } from '../../src/query/push/rules.js';

/** A rule set that applies every Stream Start, keeping the news its rule was given in `got`. */
export function streamStartRecorder(): { got: News[]; rules: RuleSet } {
  const got: News[] = [];
  return {
    got,
    rules: {
      rules: {
        'IVS Stream State Change': {
          'Stream Start': (n) => {
            got.push(n);
            return 'applied';
          },
        },
      },
    },
  };
}

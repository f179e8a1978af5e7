import { useCallback } from 'react';
import { useUi } from '../store/ui.ts';
import { en } from './en.ts';
import { zh, type MessageKey } from './zh.ts';

export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const dictionaries = { zh, en } as const;

/** The current language's `t(key, vars)`; re-renders the caller when the language changes. */
export function useT(): Translate {
  const lang = useUi((s) => s.lang);
  return useCallback<Translate>(
    (key, vars) => {
      const text: string = dictionaries[lang][key];
      return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => String(vars[k] ?? m)) : text;
    },
    [lang],
  );
}

/** For keys that arrive as strings (e.g. the map's legend items). */
export const isMessageKey = (key: string): key is MessageKey => key in zh;

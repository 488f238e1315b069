import { useMemo } from 'react';
import { useApiQuery } from '../../api/hooks.js';
import { useAuth } from '../../auth/AuthContext.js';
import type { RegisterOutput } from './types.js';

const LAST_REGISTER_KEY = 'tsunagu.sales.registerId';

/** Returns the register this browser used last, or undefined. Each counter PC keeps its own. */
export function rememberedRegisterId(): number | undefined {
  const stored = Number(window.localStorage.getItem(LAST_REGISTER_KEY));
  return Number.isInteger(stored) && stored > 0 ? stored : undefined;
}

export function rememberRegister(id: number): void {
  window.localStorage.setItem(LAST_REGISTER_KEY, String(id));
}

/**
 * Active registers at the locations where the signed-in user may sell, and the one a new
 * sale starts with: the register this browser used last, else the first one at the user's
 * default location, else the first one.
 */
export function useSellingRegisters() {
  const { user } = useAuth();
  const query = useApiQuery<{ registers: RegisterOutput[] }>('/api/registers');

  return useMemo(() => {
    const scope = user?.scope;
    const registers = (query.data?.registers ?? []).filter((register) => register.isActive && (!scope || scope.all || scope.locationIds.includes(register.locationId)));
    const remembered = rememberedRegisterId();
    const initial =
      registers.find((register) => register.id === remembered) ??
      registers.find((register) => register.locationId === user?.defaultLocationId) ??
      registers[0];
    return { registers, initialRegisterId: initial?.id, loading: query.loading, error: query.error, reload: query.reload };
  }, [query.data, query.loading, query.error, query.reload, user]);
}

/** "本店 / レジ1" for a select option. */
export function registerLabel(register: Pick<RegisterOutput, 'locationName' | 'name'>): string {
  return `${register.locationName} / ${register.name}`;
}

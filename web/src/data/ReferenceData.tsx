import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useAuth } from '../auth/AuthContext.js';
import type { ItemAttributeLists, LabelledOption, Location } from '../api/types.js';

type ListName = Exclude<keyof ItemAttributeLists, 'taxRatesPercent' | 'ringSize'>;

interface ReferenceData {
  /** The fixed attribute lists with Japanese and English labels; undefined until loaded. */
  attributes: ItemAttributeLists | undefined;
  /** Every location, inactive ones and the transit location included. */
  locations: Location[];
  reloadLocations: () => void;
}

const ReferenceDataContext = createContext<ReferenceData>({ attributes: undefined, locations: [], reloadLocations: () => undefined });

/** Loads the lists every screen needs once per sign-in. A failed load leaves codes on screen. */
export function ReferenceDataProvider({ children }: { children: ReactNode }) {
  const [attributes, setAttributes] = useState<ItemAttributeLists>();
  const [locations, setLocations] = useState<Location[]>([]);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    api.get<ItemAttributeLists>('/api/items/attributes').then(setAttributes, () => undefined);
  }, []);

  useEffect(() => {
    api.get<{ locations: Location[] }>('/api/locations', { includeInactive: 'true' }).then((result) => setLocations(result.locations), () => undefined);
  }, [generation]);

  const reloadLocations = useCallback(() => setGeneration((g) => g + 1), []);
  const value = useMemo(() => ({ attributes, locations, reloadLocations }), [attributes, locations, reloadLocations]);
  return <ReferenceDataContext.Provider value={value}>{children}</ReferenceDataContext.Provider>;
}

export function useReferenceData(): ReferenceData {
  return useContext(ReferenceDataContext);
}

/** Labels and select options for the attribute lists, in the current language. */
export function useAttributeLabels() {
  const { attributes } = useReferenceData();
  const { i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'ja';

  return useMemo(() => {
    const pick = (option: LabelledOption) => option[language];
    return {
      attributes,
      label: (list: ListName, code: string | null | undefined): string => {
        if (code === null || code === undefined) return '';
        const option = attributes?.[list].find((o) => o.code === code);
        return option ? pick(option) : code;
      },
      options: (list: ListName) => (attributes?.[list] ?? []).map((option) => ({ value: option.code, label: pick(option) })),
    };
  }, [attributes, language]);
}

/** Active locations that hold stock (the internal transit location excluded). */
export function useStockLocations(): Location[] {
  const { locations } = useReferenceData();
  return useMemo(() => locations.filter((l) => l.isActive && l.kind !== 'transit'), [locations]);
}

/**
 * Purpose of a location picker: 'act' offers the locations where the user may record stock movements,
 * 'see' those whose stock the user may see, 'all' every stock location (a transfer's
 * destination). Users set to all locations get every location in each case.
 */
export type LocationPickScope = 'act' | 'see' | 'all';

/** Active stock-holding locations that the signed-in user may pick for the given purpose. */
export function useScopedLocations(pick: LocationPickScope): Location[] {
  const locations = useStockLocations();
  const { user } = useAuth();
  const scope = user?.scope;
  return useMemo(() => {
    if (!scope || scope.all || pick === 'all') return locations;
    if (pick === 'see' && scope.seesOtherLocations) return locations;
    return locations.filter((l) => scope.locationIds.includes(l.id));
  }, [locations, scope, pick]);
}

/**
 * Returns the location a new stock slip starts with: the user's default location when they
 * may act there, else their only location when they have exactly one, else undefined.
 */
export function useDefaultLocationId(): number | undefined {
  const { user } = useAuth();
  const { locations } = useReferenceData();
  if (!user) return undefined;

  const { scope, defaultLocationId } = user;
  const mayActAt = (id: number) => scope.all || scope.locationIds.includes(id);
  // Before the locations have loaded, the default is taken on trust; afterwards an inactive one is skipped.
  const usable = (id: number) => mayActAt(id) && (locations.length === 0 || locations.some((l) => l.id === id && l.isActive && l.kind !== 'transit'));

  if (defaultLocationId !== null && usable(defaultLocationId)) return defaultLocationId;
  if (!scope.all && scope.locationIds.length === 1 && usable(scope.locationIds[0]!)) return scope.locationIds[0];
  return undefined;
}

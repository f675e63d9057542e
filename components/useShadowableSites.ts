import { useEffect, useState } from 'react';
import { shadowableSites, type ShadowableSite } from '@/lib/settings';

/** The shadowable sites, kept live from extension storage. */
export function useShadowableSites(): ShadowableSite[] {
  const [sites, setSites] = useState<ShadowableSite[]>([]);
  useEffect(() => {
    void shadowableSites.getValue().then(setSites);
    return shadowableSites.watch((next) => setSites(next ?? []));
  }, []);
  return sites;
}

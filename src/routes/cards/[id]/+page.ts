import { error } from '@sveltejs/kit';
import { base } from '$app/paths';
import { appDatabase } from '$lib/app/app-data';
import { readCardPage } from '$lib/cards/card-page';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url }) => {
  const data = await readCardPage(await appDatabase(base), params.id, url.searchParams.get('deck'));
  if (params.id !== 'new' && !data.card) error(404, 'This card does not exist. It may have been deleted, or the link is wrong.');
  return data;
};

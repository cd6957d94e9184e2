/** The offline basemap's data: the jurisdiction's own roads, drawn as streets under the planning layers. */
import { z } from 'zod';
import { featureCollectionSchema } from './common.js';

export const roadPropertiesSchema = z.object({
  name: z.string().nullable().describe('Street name as imported; null when the road has none'),
  highway: z.string().nullable().describe('OpenStreetMap-style road class (primary, residential, footway…); null when unknown'),
});

export const roadFeaturesSchema = featureCollectionSchema(roadPropertiesSchema);

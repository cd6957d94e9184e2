import type { PackageError } from './validate-package.js';

/** `facilities.geojson#3.slots: must be ≥ 0` — file, feature index and property, then the problem. */
export function formatPackageError(error: PackageError): string {
  const feature = error.feature !== undefined ? `#${error.feature}` : '';
  const property = error.property ? `.${error.property}` : '';
  return `${error.file}${feature}${property}: ${error.problem}`;
}

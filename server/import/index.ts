/** Data package import (DATA_FORMAT.md): read a folder or zip, validate it whole, write it in one transaction. */
export {
  importPackage,
  importPackageFiles,
  importPackageFromFolder,
  type ImportMeta,
  type ImportResult,
  PackageValidationError,
} from './import-package.js';
export { formatPackageError } from './format-error.js';
export {
  ArchiveTooLargeError,
  OverlappingEntriesError,
  readPackageFolder,
  readPackageZip,
  unzipSourceFiles,
  zipProblem,
} from './read-package.js';
export {
  type PackageError,
  type PackageFiles,
  type PackagePopulationUnit,
  UnreadableFile,
  type ValidatedPackage,
  validatePackage,
} from './validate-package.js';

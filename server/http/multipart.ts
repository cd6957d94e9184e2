/**
 * Reading a `multipart/form-data` upload (the import wizard's files) with busboy: it parses the stream
 * as it arrives and pipes each file part to its own file on disk (`saveTo`), with limits on each file,
 * on the total, on the number of parts and on field sizes, so an upload larger than the server accepts
 * is refused (413, naming the file at which the limit was crossed) as soon as the limit is crossed, and
 * no file is ever held in memory whole. We do not use multer: it is busboy plus disk or memory storage
 * per file, and its size limit is per file, whereas an upload's limit here is the total of all its files.
 * The caller owns the files written (and removes them, the folder with them, when it fails).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import type { Request } from 'express';
import busboy from 'busboy';
import { bilingual, HttpError } from './errors.js';

/** One uploaded file part: its file name (without any folder a client sent), where it was written, its size. */
export interface UploadedFile {
  name: string;
  path: string;
  size: number;
}

export interface MultipartForm {
  /** The file parts named `fileField`, in the order they came. */
  files: UploadedFile[];
  /** The text parts, by name (the last one wins when a name repeats). */
  fields: Record<string, string>;
}

export interface MultipartLimits {
  /** Largest total of all file parts, in bytes (413 beyond). */
  maxBytes: number;
  /** Most file parts (413 beyond); default 100. */
  maxFiles?: number;
  /** Largest text part, in bytes (413 beyond); default 1 MiB (a manifest is a few kilobytes). */
  maxFieldBytes?: number;
  /** Name of the form field holding the files; default `files`. */
  fileField?: string;
  /** Where the next file part is written (a new path on each call). */
  saveTo: () => string;
}

const tooLarge = (what: { zh: string; en: string }) =>
  new HttpError(413, 'payload_too_large', bilingual(`上传内容过大：${what.zh}`, `the upload is too large: ${what.en}`));

/** Parses the request's multipart body; throws HttpError 415 (not multipart), 413 (limits) or 400 (broken). */
export function readMultipart(req: Request, limits: MultipartLimits): Promise<MultipartForm> {
  const fileField = limits.fileField ?? 'files';
  const maxFiles = limits.maxFiles ?? 100;
  const maxFieldBytes = limits.maxFieldBytes ?? 1024 * 1024;
  const megabytes = Math.round((limits.maxBytes / 1048576) * 10) / 10;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      // File names are UTF-8 in every browser's form data (乡镇界.shp), not Latin-1.
      defParamCharset: 'utf8',
      limits: { fileSize: limits.maxBytes, files: maxFiles, fieldSize: maxFieldBytes, fields: 20, parts: maxFiles + 20 },
    });
  } catch {
    return Promise.reject(
      new HttpError(
        415,
        'unsupported_media_type',
        bilingual(
          '请以 multipart/form-data 上传文件（字段 files，可附 manifest）',
          'send the files as multipart/form-data (field files, optional manifest)',
        ),
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const files: UploadedFile[] = [];
    const fields: Record<string, string> = {};
    const writing = new Set<WriteStream>();
    const written: Promise<unknown>[] = [];
    let total = 0;
    let failed = false;
    const fail = (error: HttpError) => {
      if (failed) return;
      failed = true;
      // Stop parsing and let the rest of the body drain, so the answer reaches the client; stop writing
      // (the caller removes what was written).
      req.unpipe(parser);
      req.resume();
      for (const out of writing) out.destroy();
      // Answer once every file written so far is closed, so the caller can remove them.
      void Promise.allSettled(written).then(() => reject(error));
    };
    parser.on('file', (name, stream, info) => {
      if (name !== fileField) {
        stream.resume();
        return fail(
          new HttpError(
            400,
            'bad_request',
            bilingual(
              `未知的文件字段“${name}”，文件应放在字段 ${fileField} 中`,
              `unknown file field "${name}"; send files in the field ${fileField}`,
            ),
          ),
        );
      }
      if (failed) return void stream.resume();
      const fileName = path.posix.basename((info.filename ?? 'file').replaceAll('\\', '/'));
      const file: UploadedFile = { name: fileName, path: limits.saveTo(), size: 0 };
      files.push(file);
      const out = createWriteStream(file.path);
      writing.add(out);
      written.push(finished(out).finally(() => writing.delete(out)));
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        file.size += chunk.length;
        if (total > limits.maxBytes) {
          stream.unpipe(out);
          stream.resume();
          return fail(
            tooLarge(
              bilingual(
                `到文件“${fileName}”时所有文件合计超过 ${megabytes} MB`,
                `the files together exceed ${megabytes} MB at file "${fileName}"`,
              ),
            ),
          );
        }
      });
      stream.on('limit', () =>
        fail(tooLarge(bilingual(`文件“${fileName}”超过 ${megabytes} MB`, `file "${fileName}" exceeds ${megabytes} MB`))),
      );
      stream.on('error', () => out.destroy());
      out.on('error', (error) =>
        fail(
          new HttpError(500, 'internal', bilingual('上传的文件无法保存', 'the uploaded file cannot be saved'), [
            { path: `body.files.${fileName}`, message: bilingual(error.message, error.message) },
          ]),
        ),
      );
      stream.pipe(out);
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated)
        return fail(tooLarge(bilingual(`字段“${name}”超过 ${maxFieldBytes} 字节`, `field "${name}" exceeds ${maxFieldBytes} bytes`)));
      fields[name] = value;
    });
    parser.on('filesLimit', () => fail(tooLarge(bilingual(`文件多于 ${maxFiles} 个`, `more than ${maxFiles} files`))));
    parser.on('partsLimit', () => fail(tooLarge(bilingual('表单部分过多', 'too many form parts'))));
    parser.on('fieldsLimit', () => fail(tooLarge(bilingual('表单字段过多', 'too many form fields'))));
    parser.on('error', (error: Error) =>
      fail(
        new HttpError(400, 'bad_request', bilingual('multipart 表单格式有误', 'the multipart form is malformed'), [
          { path: 'body', message: bilingual(error.message, error.message) },
        ]),
      ),
    );
    parser.on('close', () => {
      // Every file part has been parsed; answer once each is on disk.
      if (!failed)
        void Promise.all(written).then(
          () => (failed ? undefined : resolve({ files, fields })),
          () => undefined,
        );
    });
    req.on('aborted', () =>
      fail(new HttpError(400, 'bad_request', bilingual('请求在传输完成前被中断', 'the request was aborted before its body arrived'))),
    );
    req.pipe(parser);
  });
}

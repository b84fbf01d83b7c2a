import { z } from 'zod';
import { idCoerced, idParam } from '../../../shared/api/common.js';
import {
  createFolderBody,
  folder,
  libraryFile,
  libraryListing,
  listingQuery,
  updateFileBody,
} from '../../../shared/api/library.js';
import type { AppContext } from '../../context.js';
import { type Api, errorResponses, readUpload, viewerOf } from '../../http/api.js';
import { fileParam } from '../uploads/uploads.routes.js';
import * as library from './library.service.js';

const tags = ['files'];
const uploadQuery = z.strictObject({ folderId: idCoerced.optional() });

export function libraryRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/spaces/:id/files',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'A folder of the space’s file library (root without folderId)',
        params: idParam,
        querystring: listingQuery,
        response: { 200: libraryListing, ...errorResponses },
      },
    },
    (request) => library.listFolder(ctx, viewerOf(request), request.params.id, request.query),
  );

  app.post(
    '/api/v1/spaces/:id/files',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Upload one file (multipart, field "file") into the library, optionally into folderId',
        params: idParam,
        querystring: uploadQuery,
        response: { 201: libraryFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request, ctx.config.maxUploadBytes);
      return reply
        .status(201)
        .send(
          await library.uploadToLibrary(
            ctx,
            viewerOf(request),
            request.params.id,
            request.query.folderId,
            upload,
          ),
        );
    },
  );

  app.post(
    '/api/v1/spaces/:id/folders',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Create a folder (members)',
        params: idParam,
        body: createFolderBody,
        response: { 201: folder, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await library.createFolder(ctx, viewerOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/files/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'A file with its versions and rights',
        params: fileParam,
        response: { 200: libraryFile, ...errorResponses },
      },
    },
    (request) => library.getFile(ctx, viewerOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/files/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Rename, move, or set an image’s rights (uploader, space admins)',
        params: fileParam,
        body: updateFileBody,
        response: { 200: libraryFile, ...errorResponses },
      },
    },
    (request) => library.updateFile(ctx, viewerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/files/:id',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Delete a file with all its versions (uploader, space admins)',
        params: fileParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await library.deleteFile(ctx, viewerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/files/:id/versions',
    {
      config: { access: 'policy' },
      schema: {
        tags,
        summary: 'Replace with a new version (multipart); older versions stay downloadable',
        params: fileParam,
        response: { 201: libraryFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request, ctx.config.maxUploadBytes);
      return reply
        .status(201)
        .send(await library.addVersion(ctx, viewerOf(request), request.params.id, upload));
    },
  );
}

// Requests and responses made with the Express app's prototypes from the start, so that Express's own
// Object.setPrototypeOf on each of them changes nothing (and costs the garbage collector nothing).
import http from 'node:http';
import type { Express } from 'express';

export interface MessageClasses {
  IncomingMessage: typeof http.IncomingMessage;
  ServerResponse: typeof http.ServerResponse;
}

/**
 * Express gives every request and response the app's prototypes (`app.request`, `app.response`, where `req.get`,
 * `res.render` and the rest live) with Object.setPrototypeOf, as it starts to handle them. V8's young-generation
 * collector handles objects made that way badly: it kept copying requests long answered. Measured on a bare Express
 * app at one user: 3-5 MB kept and 4-17 ms per collection, against 440 bytes and under 1 ms with these classes, and
 * 0.36x the CPU per request; on this app at 50 users, 0.63x the CPU per request (docs/PERFORMANCE.md). Node lets a
 * server make its requests and responses from classes of its own: these classes' prototypes become the app's, so
 * Express finds the prototype already set and changes nothing. Requests made elsewhere (supertest's own server)
 * get the same prototypes the usual way.
 */
export function appMessageClasses(app: Express): MessageClasses {
  class AppRequest extends http.IncomingMessage {}
  class AppResponse extends http.ServerResponse {}
  app.request = adopted(app.request, AppRequest.prototype);
  app.response = adopted(app.response, AppResponse.prototype);
  // (Node's typings declare ServerResponse generic over its request type, which a subclass cannot restate.)
  return { IncomingMessage: AppRequest, ServerResponse: AppResponse as typeof http.ServerResponse };
}

/** `target`, made what `current` is: the same prototype (Express's request or response) and the same own properties (`app`). */
function adopted<T extends object>(current: T, target: object): T {
  Object.setPrototypeOf(target, Object.getPrototypeOf(current) as object);
  Object.defineProperties(target, Object.getOwnPropertyDescriptors(current));
  return target as T;
}

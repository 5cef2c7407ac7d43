import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import type { TestApp } from '../harness';

/** A route of the running app, read from Nest's own metadata (so a new route is never forgotten). */
export interface AppRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  params: string[];
  /** Body fields: the DTO's properties, or every DTO field name for a page form read by hand. */
  fields: string[];
  /** A page form whose body the handler reads by hand. */
  form: boolean;
  /** Query parameters it declares (@Query('name') or a query DTO's fields). */
  query: string[];
  /** Query parameters read one by one (`@Query('name')`), outside any DTO. */
  queryByName: string[];
  /** Those of its query parameters that are free text (only a length limit): any short text is valid. */
  freeText: string[];
  /** It reads the request itself (a page), so it may read any query parameter. */
  readsRequest: boolean;
}

const METHODS: Partial<Record<RequestMethod, AppRoute['method']>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

const join = (...parts: string[]) =>
  '/' +
  parts
    .map((p) => p.replace(/^\/|\/$/g, ''))
    .filter(Boolean)
    .join('/');
const rulesOf = (dto: Function) => getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
const dtoFields = (dto: Function) => [...new Set(rulesOf(dto).map((m) => m.propertyName))];
const TEXT_ONLY = ['isString', 'maxLength', 'minLength'];
/** The fields a DTO holds to nothing but being a text of some length. */
function freeTextFields(dto: Function): string[] {
  const rules = rulesOf(dto).filter((m) => m.type !== 'conditionalValidation');
  return dtoFields(dto).filter((f) => rules.filter((m) => m.propertyName === f).every((m) => TEXT_ONLY.includes(m.name ?? '')));
}

function routeOf(ctrl: Function, name: string): AppRoute | null {
  const handler = ctrl.prototype[name];
  if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) return null;
  const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
  if (!method) return null;
  const path = join(String(Reflect.getMetadata(PATH_METADATA, ctrl) ?? ''), String(Reflect.getMetadata(PATH_METADATA, handler)));
  const args = Object.entries(Reflect.getMetadata(ROUTE_ARGS_METADATA, ctrl, name) ?? {}) as Array<[string, { index: number }]>;
  const types = Reflect.getMetadata('design:paramtypes', ctrl.prototype, name) ?? [];
  const ofType = (type: RouteParamtypes) => args.filter(([key]) => Number(key.split(':')[0]) === type) as Array<[string, { index: number; data?: unknown }]>;
  const body = ofType(RouteParamtypes.BODY)[0];
  const dto = body ? types[body[1].index] : undefined;
  const fields = dto && dto !== Object ? dtoFields(dto) : [];
  const queryDtos = ofType(RouteParamtypes.QUERY).flatMap(([, a]) =>
    typeof a.data !== 'string' && types[a.index] && types[a.index] !== Object ? [types[a.index] as Function] : [],
  );
  const queryByName = ofType(RouteParamtypes.QUERY).flatMap(([, a]) => (typeof a.data === 'string' ? [a.data] : []));
  const query = [...queryByName, ...queryDtos.flatMap(dtoFields)];
  return {
    method,
    path,
    params: [...path.matchAll(/:(\w+)/g)].map((m) => m[1]),
    fields,
    form: !!body && fields.length === 0,
    query,
    queryByName,
    freeText: queryDtos.flatMap(freeTextFields),
    readsRequest: ofType(RouteParamtypes.REQUEST).length > 0,
  };
}

export function appRoutes(t: TestApp): AppRoute[] {
  const routes: AppRoute[] = [];
  for (const mod of t.app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctrl = wrapper.metatype as Function;
      for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
        const route = routeOf(ctrl, name);
        if (route) routes.push(route);
      }
    }
  }
  const allDtoFields = [...new Set(routes.flatMap((r) => r.fields))];
  for (const r of routes) if (r.form) r.fields = allDtoFields;
  return routes;
}

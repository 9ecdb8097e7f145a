import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError, ErrorCode } from '@authkit/core';
import { assertCleanText, conflictOnDuplicate } from '@authkit/core/internal';
import { In, Repository } from 'typeorm';
import { Role } from './entities/role.entity';

/** Roles as records: users carry role ids (the JWT's `rls`, AuthenticateEx's `roles_ids`); names resolve both ways. */
@Injectable()
export class RoleService {
  constructor(@InjectRepository(Role) private readonly roles: Repository<Role>) {}

  async create(name: string): Promise<Role> {
    if (typeof name !== 'string' || name.trim() === '' || name.length > 100)
      throw ApiError.badRequest('name must be a non-empty string of at most 100 characters');
    assertCleanText(name, 'name');
    const { identifiers } = await conflictOnDuplicate('A role with this name already exists', () =>
      this.roles.insert({ name }),
    );
    return this.roles.findOneByOrFail({ id: identifiers[0].id as string });
  }

  /** The ids of the named roles, in order; 404 naming the first unknown one. */
  async idsOf(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const found = await this.roles.findBy({ name: In([...names]) });
    return names.map((name) => {
      const role = found.find((candidate) => candidate.name === name);
      if (!role)
        throw new ApiError(
          HttpStatus.NOT_FOUND,
          ErrorCode.notFound,
          `No such role: ${name.slice(0, 100)}`,
        );
      return role.id;
    });
  }

  /** The names of the given role ids (unknown ids are skipped), in order. */
  async namesOf(ids: readonly string[]): Promise<string[]> {
    const uuids = ids.filter((id) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id),
    );
    if (uuids.length === 0) return [];
    const found = await this.roles.findBy({ id: In(uuids) });
    return uuids.flatMap((id) => found.filter((role) => role.id === id).map((role) => role.name));
  }
}

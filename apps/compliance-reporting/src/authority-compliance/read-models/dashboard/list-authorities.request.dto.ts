import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { AUTHORITY_TYPES, type AuthorityType } from '../../domain/authority.codes.js';
import { RAGS, type Rag } from '../../domain/rag.js';
import { GSS_CODE } from '../../registering-an-authority/register-authority.request.dto.js';

/** `GET /compliance/authorities?type=&area=&region=&rag=&overdue=&limit=&offset=` */
export class ListAuthoritiesRequest {
  @ApiPropertyOptional({ enum: AUTHORITY_TYPES })
  @IsOptional()
  @IsIn(AUTHORITY_TYPES)
  type?: AuthorityType;

  @ApiPropertyOptional({ description: 'Local authority area (ONS GSS code)' })
  @IsOptional()
  @Matches(GSS_CODE)
  area?: string;

  @ApiPropertyOptional({ description: 'Region (ONS GSS code)' })
  @IsOptional()
  @Matches(GSS_CODE)
  region?: string;

  @ApiPropertyOptional({ enum: RAGS })
  @IsOptional()
  @IsIn(RAGS)
  rag?: Rag;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only authorities with (or without) an overdue review' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

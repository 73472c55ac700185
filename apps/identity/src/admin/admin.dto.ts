import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@lib/auth';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';

const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/;
/** A local authority area: an ONS code such as `E08000025` (Birmingham). */
const AREA = /^[A-Z][0-9]{8}$/;

export class CreateUserRequest {
  @ApiProperty({ example: 'panel-member.birmingham', description: '3 to 64 letters, digits, `.`, `_`, `-` or `@`' })
  @IsString()
  @Matches(USERNAME, { message: 'username must be 3 to 64 letters, digits, dots, dashes, underscores or @' })
  username!: string;

  @ApiProperty({ minLength: 12, maxLength: 256, writeOnly: true })
  @IsString()
  @Length(12, 256)
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['panel-member'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ example: 'E08000025', description: 'ONS code of the local authority area' })
  @IsOptional()
  @Matches(AREA, { message: 'area must be an ONS area code such as E08000025' })
  area?: string;
}

/** Re-role, move to another area (`null`: no area), disable or enable; only the fields given change. */
export class UpdateUserRequest {
  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'E09000030' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(AREA, { message: 'area must be an ONS area code such as E08000025, or null' })
  area?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class AccountResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];

  @ApiPropertyOptional()
  area?: string;

  @ApiProperty()
  disabled!: boolean;

  @ApiProperty()
  totpEnabled!: boolean;
}

export class TotpEnrolmentResponse {
  @ApiProperty({ description: 'Base32 shared secret, shown once' })
  secret!: string;

  @ApiProperty({ example: 'otpauth://totp/Prevent:user?secret=...&issuer=Prevent' })
  otpauthUri!: string;
}

export class KeyRotationResponse {
  @ApiProperty({ description: 'Key id that signs from now on' })
  signingKey!: string;

  @ApiProperty({ type: [String], description: 'Every published key id, the signing one first' })
  published!: string[];
}

/** RFC 9457 problem details, as every error of this API is answered. */
export class ProblemResponse {
  @ApiProperty({ example: 'request.invalid' })
  type!: string;

  @ApiProperty({ example: 'Unprocessable Content' })
  title!: string;

  @ApiProperty({ example: 422 })
  status!: number;

  @ApiPropertyOptional()
  detail?: string;

  @ApiPropertyOptional({ type: [String], description: 'What is wrong with the request, field by field' })
  errors?: string[];
}

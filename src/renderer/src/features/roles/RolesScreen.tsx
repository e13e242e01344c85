import { Grid } from '../../grid/Grid'
import { roleColumns, rolesResource } from './resource'

export function RolesScreen() {
  return <Grid resource={rolesResource} columns={roleColumns} />
}

import { Grid } from '../../grid/Grid'
import { userColumns, usersResource } from './resource'

export function UsersScreen() {
  return <Grid resource={usersResource} columns={userColumns} />
}

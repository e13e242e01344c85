import { Grid } from '../../grid/Grid'
import { agencyColumns, agenciesResource } from './resource'

export function AgenciesScreen() {
  return <Grid resource={agenciesResource} columns={agencyColumns} />
}

//! Writing findings: the table, JSON lines, CSV and the HTML findings section. This module is
//! owned by the CLI work (`idc audit`); it is empty until that lands.

/*
 * mpi — the sweep's only contact with MPI (built with ACCEL_HAVE_MPI when CMake finds MPI;
 * otherwise these are single-process stubs). Points are sharded by a deterministic partition:
 * point p belongs to rank p mod size. Every rank computes the parameter values and constraint
 * results of a whole batch itself (cheap, deterministic); only the metrics of its own points
 * travel, as bytes (every rank runs the same binary), to rank 0, which writes the database.
 * MPI is initialized only when the process was started by mpirun (OMPI_COMM_WORLD_SIZE or
 * PMI_SIZE in the environment), so a plain `accel-sim sweep` never touches it.
 */
#include <stdlib.h>
#include <string.h>

#include "sweep/run.h"

#ifdef ACCEL_HAVE_MPI
#include <mpi.h>

static int started_by_mpirun(void) { return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE"); }

int swp_mpi_init(int *rank, int *size) {
  *rank = 0;
  *size = 1;
  if (!started_by_mpirun()) return 0;
  int inited = 0;
  MPI_Initialized(&inited);
  if (!inited && MPI_Init(NULL, NULL) != MPI_SUCCESS) return -1;
  MPI_Comm_rank(MPI_COMM_WORLD, rank);
  MPI_Comm_size(MPI_COMM_WORLD, size);
  return 0;
}

void swp_mpi_finalize(void) {
  int inited = 0, fin = 0;
  MPI_Initialized(&inited);
  MPI_Finalized(&fin);
  if (inited && !fin) MPI_Finalize();
}

int swp_mpi_bcast_u64(uint64_t *v, int size) {
  if (size <= 1) return 0;
  return MPI_Bcast(v, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD) == MPI_SUCCESS ? 0 : -1;
}

int swp_mpi_gather(swp_metrics *m, uint64_t first, uint64_t count, int nw, int rank, int size) {
  if (size <= 1) return 0;
  size_t one = sizeof *m * (size_t)nw;
  uint64_t mine = 0;
  for (uint64_t i = 0; i < count; i++) mine += (first + i) % (uint64_t)size == (uint64_t)rank;
  if (rank != 0) {
    char *buf = malloc(mine * one + 1);
    if (!buf) return -1;
    uint64_t k = 0;
    for (uint64_t i = 0; i < count; i++)
      if ((first + i) % (uint64_t)size == (uint64_t)rank) memcpy(buf + one * k++, m + i * (uint64_t)nw, one);
    int rc = MPI_Send(buf, (int)(mine * one), MPI_BYTE, 0, 7, MPI_COMM_WORLD);
    free(buf);
    return rc == MPI_SUCCESS ? 0 : -1;
  }
  char *buf = malloc(count * one + 1);
  if (!buf) return -1;
  for (int r = 1; r < size; r++) {
    uint64_t theirs = 0;
    for (uint64_t i = 0; i < count; i++) theirs += (first + i) % (uint64_t)size == (uint64_t)r;
    if (MPI_Recv(buf, (int)(theirs * one), MPI_BYTE, r, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE) != MPI_SUCCESS) {
      free(buf);
      return -1;
    }
    uint64_t k = 0;
    for (uint64_t i = 0; i < count; i++)
      if ((first + i) % (uint64_t)size == (uint64_t)r) memcpy(m + i * (uint64_t)nw, buf + one * k++, one);
  }
  free(buf);
  return 0;
}

bool swp_mpi_available(void) { return true; }

#else

int swp_mpi_init(int *rank, int *size) {
  *rank = 0;
  *size = 1;
  return 0;
}
void swp_mpi_finalize(void) {}
int swp_mpi_bcast_u64(uint64_t *v, int size) {
  (void)v;
  (void)size;
  return 0;
}
int swp_mpi_gather(swp_metrics *m, uint64_t first, uint64_t count, int nw, int rank, int size) {
  (void)m, (void)first, (void)count, (void)nw, (void)rank, (void)size;
  return 0;
}
bool swp_mpi_available(void) { return false; }

#endif

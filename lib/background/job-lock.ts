/** Advisory-lock namespace of background jobs (the second key is the job's name, hashtext). The rollups' rebuild takes the refresh's. */
export const JOB_LOCK = 7_041_002;

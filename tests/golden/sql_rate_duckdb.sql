SELECT
  CASE WHEN __v3_e IS NULL THEN CAST(__v3_n AS DOUBLE) / CAST(__v3_d AS DOUBLE) END AS "赔偿达标率:value",
  CASE WHEN __v3_e IS NULL THEN __v3_n END AS "赔偿达标率:n",
  CASE WHEN __v3_e IS NULL THEN __v3_d END AS "赔偿达标率:d",
  CASE
    WHEN __v3_e IS NULL
    THEN CASE
      WHEN __v3_n * 20 >= 19 * __v3_d
      THEN '优'
      WHEN __v3_n * 10 >= 7 * __v3_d
      THEN '良'
      WHEN __v3_n * 2 >= __v3_d
      THEN '中'
      ELSE '差'
    END
  END AS "赔偿达标率:grade",
  CASE WHEN __v3_e IS NULL THEN __v3_n >= __v3_d END AS "赔偿达标率:met",
  __v3_e AS "赔偿达标率:error"
FROM (
  SELECT
    *,
    CASE
      WHEN (
        COALESCE(ABS(CAST(__v2_n AS DOUBLE)) * ABS(CAST(20 AS DOUBLE)) >= 9.9e37, TRUE)
      )
      THEN NULL
      ELSE __v2_n
    END AS __v3_n,
    CASE
      WHEN (
        COALESCE(ABS(CAST(__v2_n AS DOUBLE)) * ABS(CAST(20 AS DOUBLE)) >= 9.9e37, TRUE)
      )
      THEN NULL
      ELSE __v2_d
    END AS __v3_d,
    COALESCE(
      __v2_e,
      CASE
        WHEN (
          COALESCE(ABS(CAST(__v2_n AS DOUBLE)) * ABS(CAST(20 AS DOUBLE)) >= 9.9e37, TRUE)
        )
        THEN 'E805 赔偿达标率'
      END
    ) AS __v3_e
  FROM (
    SELECT
      *,
      CASE
        WHEN ABS(__v1_n) >= 1000000000000000000 OR __v1_d >= 1000000000000000000
        THEN CAST(CAST(__v1_n AS INT128) // GCD(CAST(__v1_n AS INT128), CAST(__v1_d AS INT128)) AS DECIMAL(38, 0))
        ELSE __v1_n
      END AS __v2_n,
      CASE
        WHEN ABS(__v1_n) >= 1000000000000000000 OR __v1_d >= 1000000000000000000
        THEN CAST(CAST(__v1_d AS INT128) // GCD(CAST(__v1_n AS INT128), CAST(__v1_d AS INT128)) AS DECIMAL(38, 0))
        ELSE __v1_d
      END AS __v2_d,
      __v1_e AS __v2_e
    FROM (
      SELECT
        *,
        CASE
          WHEN (
            COALESCE(ABS(CAST(__in0_n AS DOUBLE)) >= 9.9e37, TRUE)
          )
          THEN NULL
          ELSE CASE WHEN __in1_n < 0 THEN -__in0_n ELSE __in0_n END
        END AS __v1_n,
        CASE
          WHEN (
            COALESCE(ABS(CAST(__in0_n AS DOUBLE)) >= 9.9e37, TRUE)
          )
          THEN NULL
          ELSE 100 * (
            ABS(NULLIF(__in1_n, 0))
          )
        END AS __v1_d,
        COALESCE(
          COALESCE(
            COALESCE(__in0_e, __in1_e),
            CASE WHEN __in1_n = 0 THEN 'E401 赔偿资金中按标准支付的金额 / 全部赔偿资金金额' END
          ),
          CASE
            WHEN (
              COALESCE(ABS(CAST(__in0_n AS DOUBLE)) >= 9.9e37, TRUE)
            )
            THEN 'E805 赔偿资金中按标准支付的金额 / 全部赔偿资金金额'
          END
        ) AS __v1_e
      FROM (
        SELECT
          *,
          CAST(REPLACE(CAST(__c0 AS TEXT), '.', '') AS DECIMAL(38, 0)) AS __in0_n,
          CASE WHEN __c0 IS NULL THEN 'E402 赔偿资金中按标准支付的金额' END AS __in0_e,
          CAST(__c1 AS DECIMAL(38, 0)) AS __in1_n,
          CASE WHEN __c1 IS NULL THEN 'E402 全部赔偿资金金额' END AS __in1_e
        FROM (
          SELECT
            "赔偿资金中按标准支付的金额" AS __c0,
            "全部赔偿资金金额" AS __c1
          FROM "records"
        ) AS __src
      ) AS __l2
    ) AS __l3
  ) AS __l4
) AS __t;

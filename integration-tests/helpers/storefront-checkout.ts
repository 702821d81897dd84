import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/core-flows"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

type Api = {
  get(url: string, config?: { headers?: Record<string, string> }): Promise<{ data: any }>
  post(url: string, body?: unknown, config?: { headers?: Record<string, string> }): Promise<{ data: any }>
}

/** What a checkout needs, as the Medusa starter's seed script creates it. */
export interface CheckoutStore {
  publishableKey: string
  salesChannelId: string
  regionId: string
  variantId: string
  currencyCode: string
  /** Of the one variant, in the region's currency (major units, as Medusa 2 stores amounts). */
  unitPrice: number
  shippingPrice: number
}

export interface CheckoutAddress {
  first_name: string
  last_name: string
  phone?: string
  address_1: string
  city: string
  postal_code: string
  country_code: string
}

export interface CheckoutInput {
  email: string
  billing_address: CheckoutAddress
  /** Defaults to the billing address. */
  shipping_address?: CheckoutAddress
  /** The cart's metadata (Medusa copies it to the order): where a storefront records consent. */
  metadata?: Record<string, unknown>
  /** Of the one variant; default 1. */
  quantity?: number
  /** A signed-in customer's headers (authorization): the cart and order then belong to them. */
  customerHeaders?: Record<string, string>
}

const CURRENCY = "eur"
const COUNTRY = "de"
const UNIT_PRICE = 25
const SHIPPING_PRICE = 10

/**
 * Seeds a store a storefront can check out in, through Medusa's core-flows workflows as the
 * starter's seed script does: a sales channel, a EUR region for Germany with the system payment
 * provider, a tax region, a stock location linked to the sales channel and to the manual
 * fulfillment provider, a fulfillment set with a service zone and a flat shipping option, a shipping
 * profile, a published product with one variant, and a publishable key for the sales channel.
 * Call it in beforeEach: the runner resets the database before every test.
 */
export async function seedCheckoutStore(container: MedusaContainer): Promise<CheckoutStore> {
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const fulfillment = container.resolve(Modules.FULFILLMENT)

  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Checkout test channel" }] },
  })

  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [{ name: "Germany", currency_code: CURRENCY, countries: [COUNTRY], payment_providers: ["pp_system_default"] }],
    },
  })
  await createTaxRegionsWorkflow(container).run({ input: [{ country_code: COUNTRY, provider_id: "tp_system" }] })

  const {
    result: [stockLocation],
  } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Berlin warehouse", address: { city: "Berlin", country_code: "DE", address_1: "" } }] },
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: stockLocation.id, add: [salesChannel.id] },
  })

  const existingProfiles = await fulfillment.listShippingProfiles({ type: "default" })
  const shippingProfile =
    existingProfiles[0] ??
    (
      await createShippingProfilesWorkflow(container).run({
        input: { data: [{ name: "Default shipping profile", type: "default" }] },
      })
    ).result[0]

  const fulfillmentSet = await fulfillment.createFulfillmentSets({
    name: "Berlin warehouse delivery",
    type: "shipping",
    service_zones: [{ name: "Germany", geo_zones: [{ country_code: COUNTRY, type: "country" }] }],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })
  await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Standard shipping",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: fulfillmentSet.service_zones[0].id,
        shipping_profile_id: shippingProfile.id,
        type: { label: "Standard", description: "Ships in 2-3 days.", code: "standard" },
        prices: [
          { currency_code: CURRENCY, amount: SHIPPING_PRICE },
          { region_id: region.id, amount: SHIPPING_PRICE },
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })

  const {
    result: [product],
  } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Checkout test shirt",
          status: ProductStatus.PUBLISHED,
          shipping_profile_id: shippingProfile.id,
          options: [{ title: "Size", values: ["M"] }],
          variants: [
            {
              title: "M",
              sku: "CHECKOUT-SHIRT-M",
              options: { Size: "M" },
              manage_inventory: false,
              prices: [{ amount: UNIT_PRICE, currency_code: CURRENCY }],
            },
          ],
          sales_channels: [{ id: salesChannel.id }],
        },
      ],
    },
  })

  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Checkout storefront", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: apiKey.id, add: [salesChannel.id] } })

  return {
    publishableKey: apiKey.token,
    salesChannelId: salesChannel.id,
    regionId: region.id,
    variantId: product.variants[0].id,
    currencyCode: CURRENCY,
    unitPrice: UNIT_PRICE,
    shippingPrice: SHIPPING_PRICE,
  }
}

/**
 * A checkout through the storefront API only, as a Next.js storefront runs it: cart, line item,
 * addresses, shipping method, payment collection and a session with the system provider, complete.
 * Answers the order of the completed cart. A guest unless `customerHeaders` signs a customer in.
 */
export async function guestCheckout(api: Api, store: CheckoutStore, input: CheckoutInput): Promise<any> {
  const headers = { ...input.customerHeaders, "x-publishable-api-key": store.publishableKey }
  const config = { headers }
  const step = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call()
    } catch (error: any) {
      // The status and Medusa's message, never the request body (it holds the buyer's details).
      const answer = error?.response
      throw new Error(`checkout step "${name}" failed: ${answer?.status ?? ""} ${JSON.stringify(answer?.data?.message ?? error?.message)}`)
    }
  }

  const { cart } = (
    await step("create cart", () =>
      api.post(
        "/store/carts",
        { region_id: store.regionId, email: input.email, sales_channel_id: store.salesChannelId, metadata: input.metadata },
        config
      )
    )
  ).data
  await step("add line item", () =>
    api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variantId, quantity: input.quantity ?? 1 }, config)
  )
  await step("set addresses", () =>
    api.post(
      `/store/carts/${cart.id}`,
      { billing_address: input.billing_address, shipping_address: input.shipping_address ?? input.billing_address },
      config
    )
  )
  const { shipping_options } = (await step("list shipping options", () => api.get(`/store/shipping-options?cart_id=${cart.id}`, config))).data
  if (!shipping_options?.length) {
    throw new Error("checkout: no shipping option for the cart")
  }
  await step("add shipping method", () =>
    api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: shipping_options[0].id }, config)
  )
  const { payment_collection } = (
    await step("create payment collection", () => api.post("/store/payment-collections", { cart_id: cart.id }, config))
  ).data
  await step("create payment session", () =>
    api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, config)
  )
  const completed = (await step("complete cart", () => api.post(`/store/carts/${cart.id}/complete`, {}, config))).data
  if (completed.type !== "order") {
    throw new Error(`checkout: the cart did not complete: ${JSON.stringify(completed.error?.message ?? completed.type)}`)
  }
  return completed.order
}

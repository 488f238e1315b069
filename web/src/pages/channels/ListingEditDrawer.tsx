import { App, Button, Drawer, Flex, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFormSubmit, type FieldNameMapper } from '../../api/hooks.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { YenInput } from '../../components/YenInput.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { measureRule, YEN } from '../../lib/measures.js';
import { PriceBasisSwitch } from '../items/PriceBasisSwitch.js';
import type { Listing } from './types.js';

/** Maximum photos per listing, as the server's listingUpdate schema allows. */
const MAX_PHOTOS = 20;

interface ListingForm {
  title: string;
  description: string | null;
  price: number;
  priceBasis: 'included' | 'excluded';
  categoryId: string | null;
  /** Photo URLs, one per line. */
  photos: string;
}

function photoLines(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

// The server names a photo error "photos.3"; the form has one text area for them all.
const mapField: FieldNameMapper = (path) => (path[0] === 'photos' ? ['photos'] : path);

/** Edits what a listing shows on its channel (PUT /api/listings/:id). */
export function ListingEditDrawer({ listing, onClose, onSaved }: { listing: Listing; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ListingForm>();
  const { error, saving, submit } = useFormSubmit(form, mapField);

  const save = async (values: ListingForm) => {
    const body = {
      title: values.title,
      description: values.description?.trim() ? values.description : null,
      price: values.price,
      priceBasis: values.priceBasis,
      categoryId: values.categoryId?.trim() ? values.categoryId.trim() : null,
      photos: photoLines(values.photos),
    };
    const saved = await submit(() => api.put(`/api/listings/${listing.id}`, body));
    if (saved) {
      void message.success(t('common.saved'));
      onSaved();
    }
  };

  return (
    <Drawer
      open
      size={560}
      title={t('channels.listings.editTitle', { stockNumber: listing.stockNumber })}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="listing-save">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <FormErrorAlert error={error} />
      <Form<ListingForm>
        form={form}
        layout="vertical"
        onValuesChange={clearErrorsOnChange(form)}
        initialValues={{
          title: listing.title,
          description: listing.description,
          price: listing.price,
          priceBasis: listing.priceBasis,
          categoryId: listing.categoryId,
          photos: listing.photos.join('\n'),
        }}
        onFinish={(values) => void save(values)}
        data-testid="listing-form"
      >
        <Form.Item name="title" label={t('channels.listings.listingTitle')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={255} showCount />
        </Form.Item>
        <Form.Item name="priceBasis" label={t('items.priceBasis')}>
          <PriceBasisSwitch />
        </Form.Item>
        <Form.Item name="price" label={t('channels.listings.price')} rules={[{ required: true, message: t('common.required') }, measureRule(t, YEN)]}>
          <YenInput />
        </Form.Item>
        <Form.Item name="categoryId" label={t('channels.listings.categoryId')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="description" label={t('channels.listings.description')}>
          <Input.TextArea rows={6} maxLength={10_000} />
        </Form.Item>
        <Form.Item
          name="photos"
          label={t('channels.listings.photos')}
          extra={t('channels.listings.photosHint')}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                if (photoLines(value).length > MAX_PHOTOS) throw new Error(t('channels.listings.photosTooMany'));
              },
            },
          ]}
        >
          <Input.TextArea rows={4} placeholder="https://" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
